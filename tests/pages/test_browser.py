"""The two pages in headless Chromium against a live server: real clicks, real API calls, rows checked in the DB."""

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from events.models import Session, UsersEventsRoles
from forms.domain import create_default_forms
from forms.models import CustomForm
from tests.conftest import Api, resource
from tests.factories import UserFactory, grant
from tests.factories.events import EventFactory, MicrolocationFactory, SessionFactory
from tests.factories.users import PASSWORD
from transfers.importer import import_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RED = "rgba(215, 38, 61, 1)"
BLUE = "rgba(31, 111, 209, 1)"


def wait_for(browser, condition, message, timeout=20):
    try:
        waiting = WebDriverWait(browser, timeout, ignored_exceptions=[StaleElementReferenceException])
        return waiting.until(lambda driver: condition(driver))
    except TimeoutException:
        logs = [entry["message"] for entry in browser.get_log("browser")]
        page = browser.find_element(By.TAG_NAME, "main").text[:500]
        raise AssertionError(f"{message}; page: {page!r}; browser console: {logs}") from None


def ready(browser, value):
    wait_for(
        browser,
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == value,
        f"page never reached data-ready={value!r}",
    )


def no_script_errors(browser):
    """No script error in the console (refused requests the test provoked are logged too; those are fine)."""
    errors = [
        e["message"]
        for e in browser.get_log("browser")
        if e["level"] == "SEVERE" and "Failed to load resource" not in e["message"]
    ]
    assert errors == [], errors


def hex_to_rgb(color):
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return "rgba({}, {}, {}, 1)".format(*(int(value[i : i + 2], 16) for i in (0, 2, 4)))


# ------------------------------------------------------------------ room map
@pytest.fixture
def droidcon(shared_data, media_root):
    """Droidcon 2017 imported from the published sample, then published; plus a room with no coordinates."""
    with open(shared_data / "open-event-samples" / "Droidcon17.zip", "rb") as handle:
        event = import_archive(handle, UserFactory()).event
    event.state = "published"
    event.save()
    backstage = MicrolocationFactory(event=event, name="Backstage", latitude=None, longitude=None, floor=2)
    SessionFactory(event=event, microlocation=backstage, title="Speaker briefing")
    return event


def marker(browser, title):
    return browser.find_element(By.CSS_SELECTOR, f'.room-marker[title="{title}"]')


def colour(element):
    return element.value_of_css_property("background-color")


def panel_rooms(browser):
    """[(name, floor, [(title, track colour)])] as the side panel shows them."""
    rooms = []
    for section in browser.find_elements(By.CSS_SELECTOR, "#room-panel .room-details"):
        sessions = [
            (
                item.find_element(By.CLASS_NAME, "session-title").text,
                colour(item.find_element(By.CLASS_NAME, "track-swatch")),
            )
            for item in section.find_elements(By.CLASS_NAME, "room-session")
        ]
        rooms.append(
            (
                section.find_element(By.CLASS_NAME, "room-name").text,
                section.find_element(By.CLASS_NAME, "room-floor").text,
                sessions,
            )
        )
    return rooms


def expected_room(room):
    sessions = Session.objects.filter(microlocation=room, state__in=Session.PUBLIC_STATES).select_related("track")
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.title))
    return (room.name, f"Floor {room.floor}", [(s.title, hex_to_rgb(s.track.color)) for s in ordered])


def test_map_of_an_imported_event_selects_rooms_one_at_a_time(browser, live_server, droidcon, screenshot):
    rooms = {room.name: room for room in droidcon.microlocations.all()}
    assert {"Theatre 1", "Theatre 2", "Cyclorama", "Backstage"} <= set(rooms)
    browser.get(f"{live_server.url}/e/{droidcon.identifier}/map")
    ready(browser, "true")
    assert browser.find_element(By.ID, "map-status").text == "4 rooms, 1 without a place on the map."
    # Theatre 1 and 2 share coordinates in the sample, so they share a marker.
    markers = browser.find_elements(By.CSS_SELECTOR, ".room-marker")
    assert sorted(m.get_attribute("title") for m in markers) == ["Cyclorama", "Theatre 1, Theatre 2"]
    assert [colour(m) for m in markers] == [RED, RED]
    assert browser.find_element(By.CSS_SELECTOR, "#room-panel .room-panel-empty").is_displayed()

    marker(browser, "Cyclorama").click()
    assert colour(marker(browser, "Cyclorama")) == BLUE
    assert colour(marker(browser, "Theatre 1, Theatre 2")) == RED
    shown = panel_rooms(browser)
    assert shown == [expected_room(rooms["Cyclorama"])]
    assert len(shown[0][2]) == 8
    times = [t.get_attribute("datetime") for t in browser.find_elements(By.CSS_SELECTOR, "#room-panel time")]
    assert times == sorted(times)

    marker(browser, "Theatre 1, Theatre 2").click()
    assert colour(marker(browser, "Theatre 1, Theatre 2")) == BLUE
    assert colour(marker(browser, "Cyclorama")) == RED, "the marker selected before turns back to red"
    assert panel_rooms(browser) == [expected_room(rooms["Theatre 1"]), expected_room(rooms["Theatre 2"])]
    screenshot("room-map")

    # A click on the map away from the markers clears the selection.
    area = browser.find_element(By.ID, "room-map")
    size = area.size
    ActionChains(browser).move_to_element_with_offset(
        area, -size["width"] // 2 + 20, size["height"] // 2 - 20
    ).click().perform()
    assert [colour(m) for m in browser.find_elements(By.CSS_SELECTOR, ".room-marker")] == [RED, RED]
    assert browser.find_element(By.CSS_SELECTOR, "#room-panel .room-panel-empty").is_displayed()
    assert panel_rooms(browser) == []

    # Rooms without coordinates are listed under the map and open the same panel.
    unplaced = browser.find_element(By.CSS_SELECTOR, "#rooms-without-coordinates .unplaced-room")
    assert unplaced.text == "Backstage"
    unplaced.click()
    assert panel_rooms(browser) == [("Backstage", "Floor 2", [("Speaker briefing", "rgba(0, 0, 0, 0)")])]
    no_script_errors(browser)


def test_map_with_a_tile_url_that_cannot_be_reached_still_shows_the_markers(browser, live_server, settings):
    settings.MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "<b>Tiles</b> & co"
    event = EventFactory()
    MicrolocationFactory(event=event, name="Only room")
    browser.get(f"{live_server.url}/e/{event.identifier}/map")
    ready(browser, "true")
    assert colour(marker(browser, "Only room")) == RED
    attribution = browser.find_element(By.CLASS_NAME, "leaflet-control-attribution").text
    assert "<b>Tiles</b> & co" in attribution, "shown as text, not HTML"
    marker(browser, "Only room").click()
    assert panel_rooms(browser) == [("Only room", "Floor 1", [])]
    assert browser.find_element(By.CLASS_NAME, "room-no-sessions").text == "No sessions in this room."


def test_map_of_a_draft_event_is_a_404_page(browser, live_server):
    event = EventFactory(state="draft")
    browser.get(f"{live_server.url}/e/{event.identifier}/map")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Not found"
    assert event.name not in browser.page_source


# ------------------------------------------------------------------ form editor
def log_in(browser, user, password=PASSWORD):
    ready(browser, "login")
    assert "You are not logged in" in browser.find_element(By.ID, "login-notice").text
    browser.find_element(By.ID, "login-email").send_keys(user.email)
    browser.find_element(By.ID, "login-password").send_keys(password)
    browser.find_element(By.ID, "login-button").click()


def row(browser, form, identifier):
    return browser.find_element(
        By.CSS_SELECTOR, f'.form-group[data-form="{form}"] .field-row[data-identifier="{identifier}"]'
    )


def status_of(browser, element, text):
    wait_for(browser, lambda d: text in element.find_element(By.CLASS_NAME, "field-status").text, f"no {text!r}")
    return element.find_element(By.CLASS_NAME, "field-status")


@pytest.fixture
def organized_event():
    event = EventFactory(name="Form Fest")
    create_default_forms(event)
    organizer = UserFactory()
    grant(organizer, event, "organizer")
    return event, organizer


def test_organizer_adds_toggles_describes_and_reorders_a_field(browser, live_server, organized_event, screenshot):
    event, organizer = organized_event
    url = f"{live_server.url}/e/{event.identifier}/forms"
    browser.get(url)
    log_in(browser, organizer)
    ready(browser, "editor")
    assert browser.find_element(By.ID, "editor-title").text == "Custom forms of Form Fest"
    for form in ("session", "speaker", "attendee"):
        shown = browser.find_elements(By.CSS_SELECTOR, f'.form-group[data-form="{form}"] .field-row')
        assert len(shown) == CustomForm.objects.filter(event=event, form=form).count() > 0
    types = [o.get_attribute("value") for o in Select(browser.find_element(By.ID, "new-type")).options]
    assert types == list(CustomForm.TYPES)

    # A bad identifier: the server's message next to the field, nothing written.
    before = CustomForm.objects.count()
    Select(browser.find_element(By.ID, "new-form")).select_by_value("session")
    browser.find_element(By.ID, "new-identifier").send_keys("t-shirt size")
    browser.find_element(By.ID, "add-field-button").click()
    slot = browser.find_element(By.CSS_SELECTOR, '[data-error-for="field-identifier"]')
    wait_for(browser, lambda d: slot.text, "no error next to the identifier")
    assert slot.text == "Use a camelCase name of letters and digits, e.g. tshirtSize."
    assert "is-error" in browser.find_element(By.ID, "add-field-status").get_attribute("class")
    assert CustomForm.objects.count() == before

    # Add a field.
    browser.find_element(By.ID, "new-identifier").clear()
    browser.find_element(By.ID, "new-identifier").send_keys("tshirtSize")
    browser.find_element(By.ID, "new-name").send_keys("T-shirt size")
    Select(browser.find_element(By.ID, "new-type")).select_by_value("select")
    browser.find_element(By.ID, "add-field-button").click()
    status = browser.find_element(By.ID, "add-field-status")
    wait_for(browser, lambda d: "added" in status.text, "no confirmation of the new field")
    assert status.text == "Field “T-shirt size” added to the session form."
    assert slot.text == ""
    field = CustomForm.objects.get(event=event, form="session", field_identifier="tshirtSize")
    assert (field.type, field.name, field.is_included, field.is_required) == ("select", "T-shirt size", True, False)
    new_row = row(browser, "session", "tshirtSize")
    assert new_row.find_element(By.CLASS_NAME, "field-type").text == "select"

    # Toggle it: required on.
    new_row.find_element(By.CLASS_NAME, "toggle-required").click()
    assert status_of(browser, new_row, "Saved.").text == "Required on. Saved."
    field.refresh_from_db()
    assert field.is_required is True

    # Describe it: the preview renders text safely as the user types.
    new_row.find_element(By.CLASS_NAME, "edit-description").click()
    box = new_row.find_element(By.CLASS_NAME, "description-input")
    box.send_keys("Pick **one** size.\n<img src=x onerror=alert(1)>\n\nWe print _late_.")
    preview = new_row.find_element(By.CLASS_NAME, "description-preview")
    assert preview.find_element(By.TAG_NAME, "strong").text == "one"
    assert preview.find_element(By.TAG_NAME, "em").text == "late"
    assert preview.find_elements(By.TAG_NAME, "img") == []
    assert "<img src=x onerror=alert(1)>" in preview.text
    assert len(preview.find_elements(By.TAG_NAME, "p")) == 2
    screenshot("form-editor", full_page=True)
    new_row.find_element(By.CLASS_NAME, "save-description").click()
    status_of(browser, new_row, "Description saved.")
    field.refresh_from_db()
    assert field.description == "Pick **one** size.\n<img src=x onerror=alert(1)>\n\nWe print _late_."

    # Reorder: move it up one place; the two fields swap positions on the server.
    session_rows = browser.find_elements(By.CSS_SELECTOR, '.form-group[data-form="session"] .field-row')
    above = CustomForm.objects.get(pk=session_rows[-2].get_attribute("data-id"))
    assert session_rows[-1].get_attribute("data-identifier") == "tshirtSize"
    row(browser, "session", "tshirtSize").find_element(By.CLASS_NAME, "move-up").click()
    # The lists are drawn again after a move; look the row up afresh.
    moved_status = '.form-group[data-form="session"] .field-row[data-identifier="tshirtSize"] .field-status'
    wait_for(
        browser,
        lambda d: any("Moved. Saved." in e.text for e in d.find_elements(By.CSS_SELECTOR, moved_status)),
        "no confirmation of the move",
    )
    session_rows = browser.find_elements(By.CSS_SELECTOR, '.form-group[data-form="session"] .field-row')
    assert [r.get_attribute("data-id") for r in session_rows[-2:]] == [str(field.pk), str(above.pk)]
    old_field_position, old_above_position = field.position, above.position
    field.refresh_from_db()
    above.refresh_from_db()
    assert (field.position, above.position) == (old_above_position, old_field_position)

    # Reload: the token stays, the field is there as saved.
    browser.get(url)
    ready(browser, "editor")
    reloaded = row(browser, "session", "tshirtSize")
    assert reloaded.find_element(By.CLASS_NAME, "toggle-required").is_selected()
    assert reloaded.find_element(By.CLASS_NAME, "toggle-included").is_selected()
    assert reloaded.find_element(By.CLASS_NAME, "description-input").get_attribute("value") == field.description
    session_rows = browser.find_elements(By.CSS_SELECTOR, '.form-group[data-form="session"] .field-row')
    assert [r.get_attribute("data-id") for r in session_rows[-2:]] == [str(field.pk), str(above.pk)]

    # Delete it (after the browser's confirmation); built-in fields have no delete button.
    assert not row(browser, "session", "title").find_element(By.CLASS_NAME, "delete-field").is_displayed()
    reloaded.find_element(By.CLASS_NAME, "delete-field").click()
    alert = WebDriverWait(browser, 10).until(lambda d: d.switch_to.alert)
    assert alert.text == "Delete the field “T-shirt size”?"
    alert.accept()
    deleted = browser.find_element(By.ID, "editor-status")
    wait_for(browser, lambda d: deleted.text == "Field deleted.", "no confirmation of the deletion")
    assert browser.find_elements(By.CSS_SELECTOR, '.field-row[data-identifier="tshirtSize"]') == []
    assert not CustomForm.objects.filter(pk=field.pk).exists()

    # A save the server refuses (the role was taken away meanwhile): its message next to the field.
    UsersEventsRoles.objects.filter(user=organizer, event=event).delete()
    subtitle = row(browser, "session", "subtitle")
    target = CustomForm.objects.get(pk=subtitle.get_attribute("data-id"))
    checkbox = subtitle.find_element(By.CLASS_NAME, "toggle-included")
    was = checkbox.is_selected()
    assert was is target.is_included
    checkbox.click()
    # What the API answers this user for the same change, shown as it is.
    answer = Api(organizer).patch(
        f"/v1/custom-forms/{target.pk}", resource("custom-form", {"is-included": not was}, id=target.pk)
    )
    assert answer.status_code == 403
    message = answer.json()["errors"][0]["detail"]
    refused = status_of(browser, subtitle, message)
    assert refused.text == message
    assert "is-error" in refused.get_attribute("class")
    wait_for(browser, lambda d: checkbox.is_selected() is was, "the checkbox should show the server's value again")
    target.refresh_from_db()
    assert target.is_included is was
    no_script_errors(browser)


def test_stranger_sees_the_refusal_and_cannot_edit(browser, live_server, organized_event, screenshot):
    event, _organizer = organized_event
    stranger = UserFactory()
    browser.get(f"{live_server.url}/e/{event.identifier}/forms")
    log_in(browser, stranger)
    ready(browser, "refused")
    refusal = browser.find_element(By.ID, "refusal")
    assert refusal.is_displayed()
    assert refusal.text == (
        "You cannot edit this event's forms. The server answered: Only co-organizers may see who holds which role."
    )
    assert not browser.find_element(By.ID, "editor").is_displayed()
    assert browser.find_element(By.ID, "account-email").text == stranger.email
    screenshot("form-editor-refused")
    # Logging out brings the login form back.
    browser.find_element(By.ID, "logout-button").click()
    ready(browser, "login")
    assert browser.execute_script("return window.localStorage.getItem('eventyay.jwt')") is None


def test_wrong_password_shows_the_servers_message(browser, live_server, organized_event, screenshot):
    event, organizer = organized_event
    browser.get(f"{live_server.url}/e/{event.identifier}/forms")
    screenshot("form-editor-login")
    log_in(browser, organizer, password="not-the-password")
    error = browser.find_element(By.ID, "login-error")
    wait_for(browser, lambda d: error.text, "no login error shown")
    assert error.text == "Invalid Credentials"
    assert browser.find_element(By.ID, "login-section").is_displayed()


def test_editor_of_a_draft_is_refused_to_a_stranger_without_its_name(browser, live_server):
    event = EventFactory(state="draft", name="Secret Draft")
    browser.get(f"{live_server.url}/e/{event.identifier}/forms")
    log_in(browser, UserFactory())
    ready(browser, "refused")
    assert browser.find_element(By.ID, "refusal").text.startswith("You cannot edit this event's forms.")
    assert "Secret Draft" not in browser.page_source
