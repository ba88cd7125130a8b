"""Teaching texts for the style-transfer page."""

from studio.demos.style.style import FRAME_EVERY

RUN = ("L-BFGS or Adam on the pixels, coarse to fine: a whole first picture appears within seconds and "
       f"is refined at each larger scale; it updates every {FRAME_EVERY} iterations.")

UPLOAD_NOTE = ("The fast and supervised networks know only the paintings they were trained on (the studio's "
               "four; the supervised one Starry Night): an uploaded painting is painted by Optimise (Gatys).")
LIVE = "A trained network paints in one pass: the result follows every control, no Run needed."

COMPARE = ("The same photo and painting through the course's three approaches. Protocol: every picture at the "
           "page's output size and weights, the painting's colours; content and style loss under the "
           "optimisation's own objective (its network and layers, lower is closer); a network's time after one "
           "warm-up pass. The optimisation pays per picture; the networks paid once, in training. Photo and painting: "
           "the Stylise tab's.")
LEARN = ("A fresh network (it returns the photo unchanged) trains on random crops of the training photos with "
         "the page's loss. The photo on screen is never trained on: every 1.5 s it is painted by the network "
         "as it is. Optimisation happens once, in training, not per picture. Photo and painting: the Stylise tab's.")
