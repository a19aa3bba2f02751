"""The `crosswalks` output: each crosswalk to another scheme as CSV and XLSX."""
