"""Pure data shared by every stage; imports nothing else of deckgen."""
