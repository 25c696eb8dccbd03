"""From a Trace to what people read: one household's Result (:mod:`.explanation`, :mod:`.result`) and its
rendering as text, Markdown, HTML or JSON (:mod:`.render`)."""
