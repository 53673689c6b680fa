"""A plugin that implements every hook, for the host's tests."""
