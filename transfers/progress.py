"""A tqdm progress bar fed by the same `progress(stage, done, total)` callback the jobs use."""

from tqdm import tqdm


class ProgressBar:
    def __init__(self, stream):
        self.stream = stream
        self.bar = None

    def __enter__(self):
        self.bar = tqdm(total=0, file=self.stream, unit="rec", leave=False, dynamic_ncols=True)
        return self

    def __exit__(self, *exc):
        self.bar.close()

    def update(self, stage, done=None, total=None):
        self.bar.set_description_str(stage[:40])
        if total is not None and total != self.bar.total:
            self.bar.reset(total=total)
        if done is not None:
            self.bar.n = done
        self.bar.refresh()
