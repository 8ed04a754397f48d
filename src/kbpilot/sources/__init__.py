"""Article sources: documentation platforms whose documents become KB articles (`kbpilot sync`).

`base` is the seam every platform implements; `sync` brings one source's documents into the KB
(incremental, removals recorded, local edits never overwritten); `manifest` remembers what the
last sync wrote. One package per platform (`itglue/`). docs/integrations.md says how to add one.
"""
