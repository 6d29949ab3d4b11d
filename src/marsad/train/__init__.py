"""Application services that train the project's models from data and gold annotations."""
