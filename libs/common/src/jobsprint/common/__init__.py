"""Shared foundations of the Jobsprint services: imported, never run on its own (but dbbootstrap)."""
