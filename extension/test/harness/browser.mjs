// Launches Debian's Chromium through playwright-core (Playwright's own browser downloads are not
// reachable here, and are never needed).
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

/** The workbench URL that opens `folder` on a code-server serving at `baseUrl`. */
export function workbenchUrl(baseUrl, folder, payload) {
  const url = new URL(baseUrl);
  url.searchParams.set("folder", folder);
  if (payload) url.searchParams.set("payload", JSON.stringify(payload));
  return url.toString();
}
