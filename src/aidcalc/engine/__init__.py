"""The engine: the Frame (households as columns), the standards in force per household (Params), and
``Engine``/``calculate`` (:mod:`.core`)."""
