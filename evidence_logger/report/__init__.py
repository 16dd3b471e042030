"""The PDF dossier (证据材料). So far: the shipped CJK font, registered for reportlab."""
