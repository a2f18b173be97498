"""The PDFs that leave the room: the family copy, the minutes, and the ReportLab kit they share."""
