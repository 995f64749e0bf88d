"""Co-production made visible: themes, dot-voting, ideas ("you said, we did"),
images with their stories, word clouds, contribution and the involvement report."""
