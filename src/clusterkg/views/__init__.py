"""What people look at: the vis-network views, the charts, the overview."""
