// Shared set-up for the browser tests: serves web/dist on a random free port of 127.0.0.1,
// drives Debian's Chromium through playwright-core (no browser download), records every request
// the page makes and fails on any that leaves its own origin.

import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startServer } from '../serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const distDir = resolve(here, '..', 'dist');
export const artifactsDir = resolve(here, '..', '..', 'artifacts', 'web');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A random string of `n` characters from [A-Za-z0-9] (fake keys made fresh for every run). */
export function randomAlnum(n) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Serves web/dist, or with DALINT_WEB_URL tests the page already served there (the release zip
 * under a sub-path, by scripts/test-release.sh). Requests count as the page's own only when they
 * stay under that URL.
 */
export async function startHarness() {
  const externalUrl = process.env.DALINT_WEB_URL;
  if (!externalUrl && !existsSync(join(distDir, 'index.html'))) {
    throw new Error(`${distDir}/index.html is missing: run scripts/build-web.sh (scripts/test-web.sh does)`);
  }
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium`);
  mkdirSync(artifactsDir, { recursive: true });
  const { server, url } = externalUrl ? { server: null, url: externalUrl } : await startServer({ root: distDir, port: 0 });
  const origin = new URL(url).origin;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS });
  /** Every request any page made, and those that went (or tried to go) elsewhere. */
  const requests = [];
  const foreign = [];

  async function newPage({ colorScheme = 'light', viewport = { width: 1400, height: 1000 } } = {}) {
    const context = await browser.newContext({ colorScheme, viewport, acceptDownloads: true });
    const isOwn = (u) => u.startsWith(url) || u.startsWith(`blob:${origin}/`) || u.startsWith('data:');
    await context.route('**/*', (route) => {
      const u = route.request().url();
      requests.push(u);
      if (isOwn(u)) return route.continue();
      foreign.push(u);
      return route.abort('blockedbyclient');
    });
    context.on('request', (request) => {
      const u = request.url();
      if (!isOwn(u) && !foreign.includes(u)) foreign.push(u);
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('websocket', (ws) => foreign.push(ws.url()));
    const errors = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
    return { page, context, errors };
  }

  return {
    url,
    origin,
    requests,
    foreign,
    newPage,
    async stop() {
      await browser.close();
      if (server) await new Promise((ok) => server.close(ok));
    },
  };
}

/** Waits until the debounced lint has run on the current text. */
export async function waitLinted(page) {
  await page.waitForFunction(() => {
    const list = document.querySelector('[data-testid="problems"]');
    return list && list.dataset.pending === 'false';
  });
}

export async function setText(page, text) {
  await page.evaluate((t) => window.dalintPage.setText(t), text);
  await waitLinted(page);
}

export async function getText(page) {
  return page.evaluate(() => window.dalintPage.getText());
}

/** Pastes `text` into the editor, replacing its content, as a user's Ctrl+A, Ctrl+V would. */
export async function pasteIntoEditor(page, text) {
  const editor = page.getByTestId('editor');
  await editor.click();
  await page.keyboard.press('Control+A');
  await editor.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await waitLinted(page);
}

/** Everything the page shows or holds in its DOM (text, attributes, form values). */
export async function pageContent(page) {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea, select')].map((e) => e.value);
    return [document.documentElement.outerHTML, document.body.innerText, ...values].join('\n');
  });
}

/** Presses Tab until the focused element matches `selector` (keyboard-only navigation). */
export async function tabTo(page, selector, { max = 80, shift = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs the axe-core accessibility checker (WCAG 2.x A and AA, contrast included) on the page as
 * it is. It is evaluated through the DevTools protocol, which the page's CSP does not govern;
 * the page itself never loads it.
 */
export async function accessibilityViolations(page) {
  return page.evaluate(async (source) => {
    if (!window.axe) (0, eval)(source);
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('')}`),
    }));
  }, axeSource);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}
