"""What screenshots say: offline OCR (rapidocr) and the reading of its lines as chats, call
lists or plain text. Everything here is derived data of an original screenshot, marked as
machine-read; the original is never changed."""
