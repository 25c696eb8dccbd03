"""Testing aids: case files (:mod:`.cases`) and synthetic households and Frames (:mod:`.synthetic`)."""
