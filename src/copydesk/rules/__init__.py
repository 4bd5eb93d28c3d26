"""The checker: rule model, YAML loader, engine, fixes and the optional LanguageTool backend."""
