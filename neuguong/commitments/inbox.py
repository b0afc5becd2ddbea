"""Inbox sources for plans (filled in by the pages' helper)."""
