// The status page's entry (status.html): the family's applications, and only what showing them needs.
import { showStatus } from "./status.js";
// Named here too, so that the phone asks for every module at once rather than a level at a time.
import "../shared.js";
import "./common.js";

// The status is read again whenever the page is shown again (back from another app, or from the back-forward cache):
// a decision made meanwhile shows at once, and personal data is never served from a cache (the API says no-store).
const again = () => {
  if (document.visibilityState === 'visible' && !document.querySelector('.app-dialog')) showStatus().catch(() => {});
};
document.addEventListener('visibilitychange', again);
window.addEventListener('pageshow', (event) => { if (event.persisted) again(); });
showStatus();
