"""Teaching texts for the style-transfer page."""

from studio.demos.style.style import FRAME_EVERY

RUN = ("L-BFGS or Adam on the pixels, coarse to fine: a whole first picture appears within seconds and "
       f"is refined at each larger scale; it updates every {FRAME_EVERY} iterations.")
