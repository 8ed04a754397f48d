"""IT Glue as an article source: documents (and their Step sections) of the configured
organizations, folders and global documents become HTML articles with `source` front matter."""
