def comparison_png(days, comparison, frame, lang="en"):
    raise NotImplementedError
