"""The outbox: every message as files in a folder, so the console works fully offline.
An email becomes an ``.eml``, a status-page entry a ``.json``, a chat post a ``.txt``; a
page's notice a ``.json`` in the ``pages/`` folder within."""

from __future__ import annotations

from pathlib import Path

from warroom.base.files import write_atomically
from warroom.comms.delivery.base import Failed, Outgoing, os_reason
from warroom.comms.delivery.content import rendered, stem
from warroom.comms.delivery.page_content import page_payload, page_stem
from warroom.comms.delivery.pages import PageOut
from warroom.config.delivery import DeliverySettings
from warroom.vocabulary.channels import Form

SUFFIXES = {Form.EMAIL: ".eml", Form.STATUS: ".json", Form.CHAT: ".txt"}


class Outbox:
    def configured(self, settings: DeliverySettings) -> bool:
        return True  # the outbox is always there

    def send(self, outgoing: Outgoing, settings: DeliverySettings) -> str:
        folder = _made(settings.outbox_dir())
        written: list[str] = []
        for form in outgoing.on.forms:
            path = folder / f"{stem(outgoing)}{SUFFIXES[form]}"
            try:
                write_atomically(path, rendered(form, outgoing, settings))
            except OSError as err:
                done = f" (wrote {', '.join(written)})" if written else ""
                raise Failed(f"cannot write {path}: {os_reason(err)}{done}") from None
            written.append(str(path))
        return "wrote " + ", ".join(written)

    def secrets(self, settings: DeliverySettings) -> list[str]:
        return []


ADAPTER = Outbox()


class PageOutbox:
    """Pages in a folder of their own: the messages' folder stays as people know it."""

    def send(self, page: PageOut, settings: DeliverySettings) -> str:
        path = _made(settings.outbox_dir() / "pages") / f"{page_stem(page)}.json"
        try:
            write_atomically(path, page_payload(page))
        except OSError as err:
            raise Failed(f"cannot write {path}: {os_reason(err)}") from None
        return f"wrote {path}"

    def secrets(self, settings: DeliverySettings) -> list[str]:
        return []


PAGE_ADAPTER = PageOutbox()


def _made(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise Failed(f"cannot create outbox folder {folder}: {os_reason(err)}") from None
    return folder
