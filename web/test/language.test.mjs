// Unit test of the pasted-language guess (no browser, no dependencies).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeHcl, looksLikeTerraformJson, pastedExtension } from '../src/language.js';

test('pasted Terraform is told from pasted JSON', () => {
  assert.equal(looksLikeHcl('resource "genesyscloud_integration_action" "x" {\n  name = "a"\n}\n'), true);
  assert.equal(looksLikeHcl('# a comment\nvariable "crm_password" {\n}\n'), true);
  assert.equal(looksLikeHcl('terraform {\n}\n'), true);
  assert.equal(looksLikeHcl('crm_client_secret = "x"\n'), true, 'a .tfvars file');
  assert.equal(looksLikeHcl('{"name": "x", "config": {}}'), false);
  assert.equal(looksLikeHcl('[{"name": "x"}]'), false);
  assert.equal(looksLikeHcl('\n  \n'), false);
});

test('pasted Terraform JSON syntax is told from a pasted export', () => {
  const action = '{"resource": {"genesyscloud_integration_action": {"x": {"name": "a"}}}}';
  assert.equal(looksLikeTerraformJson(action), true);
  assert.equal(looksLikeTerraformJson('{"resource": [{"genesyscloud_integration_credential": {}}]}'), true, 'blocks as arrays');
  assert.equal(looksLikeTerraformJson('{"variable": {"crm_password": {"type": "string"}}}'), true);
  assert.equal(looksLikeTerraformJson('{"name": "x", "config": {"request": {}}}'), false, 'an export');
  assert.equal(looksLikeTerraformJson('{"resource": {"aws_instance": {}}}'), false, 'not Genesys');
  assert.equal(looksLikeTerraformJson('[{"name": "x"}]'), false);
  assert.equal(looksLikeTerraformJson('{"name": '), false, 'not JSON (yet)');
  assert.equal(pastedExtension(action), 'tf.json');
  assert.equal(pastedExtension('resource "genesyscloud_integration_action" "x" {\n}\n'), 'tf');
  assert.equal(pastedExtension('{"name": "x"}'), 'json');
});
