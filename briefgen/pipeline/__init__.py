"""The stages ``build`` runs, one module each, and what they keep between builds.

``briefgen.build`` reads as the pipeline: config → load (``content``) → markup (``bodies``) →
graph (``linking``) → plan → render (``pages``) → extras (feeds, sitemap, assets) → search
(``index``) → write (``output``). Each stage is a function from plain data to plain data; what a
stage may reuse from the last build is its own part of ``cache.BuildCache``, looked up by keys
made from the data the stage reads. ``store`` saves the cache signed; ``pools`` runs work in
worker processes; ``site`` holds the lock and the clean-up of killed builds.
"""
