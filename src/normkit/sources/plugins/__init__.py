"""normkit's markdown-it plugins, each of the shape `plugin(md, **options)`."""
