"""Organisations: the actors of the helix (government, enterprise, academia, community).

An app of its own because organisations are more than account data: they carry a sector and a
verification by government staff, their own membership with roles, invitations and requests,
and later the API keys, webhooks and expertise matchmaking that partners act through.
"""
