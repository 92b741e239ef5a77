"""Every page a visitor sees, by what it is about."""
