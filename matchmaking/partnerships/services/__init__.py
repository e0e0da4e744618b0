"""Writes of partnerships, one module per part: import from the module itself
(`from matchmaking.partnerships.services.meetings import meeting_propose`), so that
matchmaking's introduction service can open conversations without importing the rest."""
