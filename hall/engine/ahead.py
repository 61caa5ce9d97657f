"""Reading ahead: what a build works out of each exhibit file by itself (its reading, its own checks and derived
fields: hall.model.catalog.work_out), done by a forked process alongside the build's own.

`hall build` starts one once the model is imported (`early`): it works while the build's process imports MkDocs
and loads mkdocs.yml, and on a cold build it has then done most of the files. A site that has a manifest is
rebuilt from what its last build kept (hall.engine.reuse): none is started, and a build that still finds many files
to read (its record described other settings) starts one where it reads (`now`). The build's process joins in when
it gets to reading (`join`): both take the files a run at a time (hall.processes.Runs) until none is left, and it
takes the other's work. Forked before MkDocs is imported, the process would import the model a second time, and
the build's other processes find no idle core after it: the same head start for more CPU."""

from __future__ import annotations

from pathlib import Path

from hall.engine.manifest import MANIFEST, file_digests
from hall.engine.reuse import stamps
from hall.model.catalog import Kept, own_context, work_out
from hall.model.config import load
from hall.model.exhibit import to_read
from hall.processes import Beside, Runs, can_fork

RUN = 20  # files taken at a time


class Ahead:
    def __init__(self, work, *args):
        self._runs = Runs(RUN)
        # the files and the context both processes work on, when this process knew them before it forked
        self._shared: tuple[list, tuple] | None = None
        self._call = Beside(work, self, *args)

    @classmethod
    def early(cls, config_file: Path, site_dir: str | None, offline: bool) -> Ahead | None:
        """Started before MkDocs is imported, for a site with no manifest (None where processes are not forked)."""
        if not can_fork():
            return None
        try:
            config = load(config_file)
        except (
            Exception
        ):  # mkdocs.yml cannot be read as it is: the build says what is wrong with it
            return None
        if (site_folder(config.site_dir, site_dir, offline) / MANIFEST).exists():
            return None
        return cls(_early, config)

    @classmethod
    def now(cls, kept: Kept, config, files: list) -> Ahead:
        """Started where the build reads, for `files` (to_read's, which `kept` holds no reading of): forked, it
        shares them."""
        context = own_context(config)
        ahead = cls(_now, kept, files, context)
        ahead._shared = files, context
        return ahead

    def work(self, kept: Kept, files: list, context: tuple) -> None:
        """Runs of `files` worked out into `kept` until none is left."""
        while run := self._runs.take(files):
            work_out(kept, run, context)

    def join(self, kept: Kept, config) -> None:
        """This process's share of the files `kept` does not hold, then the other's work, taken into `kept`
        (its checks and derived fields when it worked them out in the same context). Should it fail, what it did
        not do is done by the build as ever, which then says what is wrong."""
        files, context = self._shared or (
            to_read(config.exhibits_dir, config.root, kept),
            own_context(config),
        )
        try:
            self.work(kept, files, context)
            their_context, sources, checks, derived = self._call.result()
        except Exception:
            self.cancel()
            return
        except BaseException:
            self.cancel()
            raise
        kept.sources.update({path: v for path, v in sources.items() if path not in kept.sources})
        if their_context == context:
            kept.checks.update({path: v for path, v in checks.items() if path not in kept.checks})
            kept.derived.update(
                {path: v for path, v in derived.items() if path not in kept.derived}
            )

    def cancel(self) -> None:
        self._call.cancel()


def site_folder(site_dir: str | Path, chosen: str | Path | None, offline: bool) -> Path:
    """The folder a build makes its site in: the one chosen (--site-dir), else mkdocs.yml's site_dir, for the
    offline copy with "-offline" after it."""
    return Path(chosen or (str(site_dir) + ("-offline" if offline else ""))).resolve()


def _early(ahead: Ahead, config):
    # stamped as the build stamps them (by content), so that it takes these readings as its own
    kept = Kept(stamps=stamps(config.exhibits_dir, file_digests(config.exhibits_dir)))
    return _now(ahead, kept, to_read(config.exhibits_dir, config.root, kept), own_context(config))


def _now(ahead: Ahead, kept: Kept, files: list, context: tuple):
    mine = Kept(stamps=kept.stamps)  # what this process works out: all it sends back
    ahead.work(mine, files, context)
    return context, mine.sources, mine.checks, mine.derived
