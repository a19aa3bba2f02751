"""Consultation outputs: comment forms, and the public consultation report (site page, PDF,
JSON), all read from the model's consultation rounds."""
