"""Figurative marks: images taken safely, stored by content, described and searched.

``decode`` checks and decodes what arrives; ``store`` keeps originals, thumbnails and
descriptors under ``DATA_DIR/images/`` by SHA-256; ``descriptors`` turns pixels into perceptual
hashes and shape moments; ``index`` searches them; ``ingest`` resolves the images a record
names (a file beside its source, base64, or a hash already stored) into stored hashes.
"""

from marknet.images.decode import DecodedImage, ImageLimits, decode_image
from marknet.images.store import THUMB_SIZES, ImageStore, StoredImage

__all__ = ["THUMB_SIZES", "DecodedImage", "ImageLimits", "ImageStore", "StoredImage",
           "decode_image"]
