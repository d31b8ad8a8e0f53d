"""Projects (challenges and initiatives), their solutions and consortia, comments, supports,
follows and reports: the core of Helix."""
