"""Crosswalks to other schemes, read from the model: coverage, the relationship that counts
for a criterion, and what changed in our standard since a crosswalk was reviewed."""
