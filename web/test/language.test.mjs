// Unit test of the pasted-language guess (no browser, no dependencies).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeHcl } from '../src/language.js';

test('pasted Terraform is told from pasted JSON', () => {
  assert.equal(looksLikeHcl('resource "genesyscloud_integration_action" "x" {\n  name = "a"\n}\n'), true);
  assert.equal(looksLikeHcl('# a comment\nvariable "crm_password" {\n}\n'), true);
  assert.equal(looksLikeHcl('terraform {\n}\n'), true);
  assert.equal(looksLikeHcl('crm_client_secret = "x"\n'), true, 'a .tfvars file');
  assert.equal(looksLikeHcl('{"name": "x", "config": {}}'), false);
  assert.equal(looksLikeHcl('[{"name": "x"}]'), false);
  assert.equal(looksLikeHcl('\n  \n'), false);
});
