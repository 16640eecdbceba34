"""Parts with no domain: the cells of the spreadsheet files the product writes."""
