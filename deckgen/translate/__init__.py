"""Translation: which texts a deck needs in Japanese, DeepL, presenter corrections."""
