"""Text at the edge: normalization, Vietnamese and English segmentation, folding, safe XML (no Flask)."""
