import { describe, expect, it } from 'vitest';
import { evaluateInput, readSource } from './terraform-source-support.js';
import { fact } from './support.js';

describe('Terraform source: expressions evaluate statically', () => {
  it.each([
    ['"plain"', 'plain'],
    ['42', 42],
    ['-1.5e3', -1500],
    ['true && !false', true],
    ['1 + 2 * 3 >= 7 ? "yes" : "no"', 'yes'],
    ['"a-${1 + 1}-${true}"', 'a-2-true'],
    ['"esc\\n\\"q\\" $${literal} %%{x}"', 'esc\n"q" ${literal} %{x}'],
    ['[for s in ["a", "b"] : upper(s)]', ['A', 'B']],
    ['{ for k, v in { a = 1, b = 2 } : v => k if v > 1 }', { '2': 'b' }],
    ['{ for s in ["x", "y", "x"] : s => s... }', { x: ['x', 'x'], y: ['y'] }],
    ['[{ n = 1 }, { n = 2 }][*].n', [1, 2]],
    ['{ a = { b = ["c"] } }.a.b[0]', 'c'],
    ['"%{ if 1 == 1 }on%{ else }off%{ endif }"', 'on'],
    ['"%{ for v in ["a", "b"] }${v},%{ endfor }"', 'a,b,'],
  ])('%s', async (expression, expected) => {
    expect((await evaluateInput(expression)).value).toEqual(expected);
  });

  it('reads heredocs, removing the indentation of <<- ones', async () => {
    expect((await evaluateInput('<<-EOT\n    line one\n      two ${1}\n    EOT\n')).value).toBe('line one\n  two 1\n');
    expect((await evaluateInput('<<EOT\nkeep  \n  as is\nEOT\n')).value).toBe('keep  \n  as is\n');
  });

  it('reads var.* (defaults), local.* (in any order) and path/terraform names', async () => {
    const extra = `
variable "env" { default = "prod" }
locals {
  second = "${'${local.first}'}-2"
  first  = "${'${var.env}'}-1"
}`;
    expect((await evaluateInput('[local.second, terraform.workspace]', extra)).value).toEqual(['prod-1-2', 'default']);
  });

  it('converts variables to their declared primitive type', async () => {
    const result = await readSource({ 'main.tf': 'variable "n" { type = number }\nresource "terraform_data" "t" { input = var.n + 1 }\n', 'terraform.tfvars': 'n = "41"\n' });
    expect(fact(result, 'terraform_data.t').values.input).toBe(42);
  });
});

describe('Terraform source: functions real modules use', () => {
  it.each([
    ['merge({ a = 1 }, { b = 2 }, { a = 3 })', { a: 3, b: 2 }],
    ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
    ['lookup({ a = 1 }, "b", "dflt")', 'dflt'],
    ['try(local.missing, {}.x, "fallback")', 'fallback'],
    ['try([{}.x], flatten([{}.y]), "deep")', 'deep'],
    ['can({}.x)', false],
    ['coalesce("", null, "c")', 'c'],
    ['tomap({ a = "1" })', { a: '1' }],
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['tolist(toset(["z", "y"]))', ['y', 'z']],
    ['length("héllo")', 5],
    ['format("%s-%03d-%q-%v", "a", 7, "q", true)', 'a-007-"q"-true'],
    ['[lower("AbC"), upper("aBc"), title("hello world")]', ['abc', 'ABC', 'Hello World']],
    ['jsonencode({ b = [1, "<x>"], a = null })', '{"a":null,"b":[1,"\\u003cx\\u003e"]}'],
    ['jsondecode("{\\"a\\": [1, 2]}").a[1]', 2],
    ['cidrsubnet("10.0.0.0/16", 8, 2)', '10.0.2.0/24'],
    ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', 'fd00:fd12:3456:7800:a200::/72'],
    ['cidrhost("10.12.112.0/20", 16)', '10.12.112.16'],
    ['cidrnetmask("172.16.0.0/12")', '255.240.0.0'],
    ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
    ['flatten([["a"], [["b"]], "c"])', ['a', 'b', 'c']],
    ['element(["a", "b"], 3)', 'b'],
    ['contains(["a", "b"], "b")', true],
    ['[keys({ b = 1, a = 2 }), values({ b = 1, a = 2 })]', [['a', 'b'], [2, 1]]],
    ['join(",", split("-", "a-b-c"))', 'a,b,c'],
    ['replace("a.b.c", ".", "/")', 'a/b/c'],
    ['replace("hello-42", "/[0-9]+/", "N")', 'hello-N'],
    ['[trimprefix("arn:x", "arn:"), trimsuffix("a.tf", ".tf"), trimspace(" x ")]', ['x', 'a', 'x']],
    ['[for i in range(3) : i * 2]', [0, 2, 4]],
    ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
    ['distinct(compact(["a", "", "a", null, "b"]))', ['a', 'b']],
    ['one([])', null],
    ['[max(1, 5, 3), min(4, 2), abs(-2), ceil(1.2), floor(1.8)]', [5, 2, 2, 2, 1]],
    ['substr("hello world", 1, 4)', 'ello'],
    ['base64decode(base64encode("onus"))', 'onus'],
    ['sha256("")', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['setunion(["a"], ["b", "a"])', ['a', 'b']],
    ['length(setproduct(["a", "b"], [1, 2]))', 4],
    ['regex("^(\\\\w+)-(\\\\d+)$", "web-01")', ['web', '01']],
    ['alltrue([true, 1 == 1])', true],
    ['formatlist("%s.example", ["a", "b"])', ['a.example', 'b.example']],
    ['slice(["a", "b", "c"], 1, 3)', ['b', 'c']],
    ['sum([1, 2, 3.5])', 6.5],
    ['reverse([1, 2])', [2, 1]],
    ['tostring(5)', '5'],
    ['tonumber("5")', 5],
  ])('%s', async (expression, expected) => {
    const result = await evaluateInput(expression);
    expect(result.reason).toBeUndefined();
    expect(result.value).toEqual(expected);
  });

  it('an unsupported function makes the value unknown, naming it', async () => {
    expect(await evaluateInput('templatefile("${path.module}/x.tpl", {})')).toEqual({ value: undefined, reason: 'uses templatefile("./x.tpl"), which onus does not read', unknown: ['input'] });
    expect((await evaluateInput('timestamp()')).reason).toBe('uses timestamp(), known only at apply');
  });

  it('a failing call is unknown, naming the expression and the failure', async () => {
    expect((await evaluateInput('lookup({ a = 1 }, "b")')).reason).toBe('cannot evaluate lookup({ a = 1 }, "b"): lookup: no key "b"');
  });
});

describe('Terraform source: what cannot be known is unknown, with the reason', () => {
  it('a computed attribute of another resource', async () => {
    const result = await readSource({
      'main.tf': `
resource "aws_iam_role" "x" { name = "r" }
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.x.name
  policy = aws_iam_role.x.arn
  tags   = { arn = aws_iam_role.x.arn, fixed = "v" }
}`,
    });
    const p = fact(result, 'aws_iam_role_policy.p');
    expect(p.values).toEqual({ role: 'r', tags: { fixed: 'v' } });
    expect(p.unknown).toEqual(['policy', 'tags.arn']);
    expect(p.unknownReasons).toEqual({ policy: 'depends on aws_iam_role.x.arn', 'tags.arn': 'depends on aws_iam_role.x.arn' });
    expect(p.refs).toEqual({ role: ['aws_iam_role.x'], policy: ['aws_iam_role.x'], tags: ['aws_iam_role.x'] });
  });

  it('an unset variable, and a known false that decides despite it', async () => {
    const extra = 'variable "unset" {}';
    expect(await evaluateInput('var.unset', extra)).toEqual({ value: undefined, reason: 'var.unset is not set (no default and no tfvars value)', unknown: ['input'] });
    expect((await evaluateInput('false && var.unset', extra)).value).toBe(false);
    expect((await evaluateInput('[var.unset, "b"]', extra)).value).toEqual([null, 'b']);
    expect((await evaluateInput('[var.unset, "b"]', extra)).unknown).toEqual(['input[0]']);
  });

  it('attributes absent from source are absent, not guessed', async () => {
    const result = await readSource({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n' });
    expect(fact(result, 'aws_s3_bucket.b')).toMatchObject({ values: { bucket: 'logs' }, unknown: [], sensitive: [], refs: {} });
  });

  it('marks attributes that read a sensitive variable as sensitive', async () => {
    const result = await readSource({
      'main.tf': `
variable "password" {
  sensitive = true
  default   = "s3cret"
}
locals { conn = "user:${'${var.password}'}" }
resource "aws_db_instance" "db" {
  username = "admin"
  password = local.conn
}`,
    });
    expect(fact(result, 'aws_db_instance.db').sensitive).toEqual(['password']);
  });
});

describe('Terraform source: blocks, lines and data.aws_iam_policy_document', () => {
  it('blocks become lists of objects, dynamic blocks expand, and every attribute has its line', async () => {
    const result = await readSource({
      'main.tf': `resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "ingress" {
    for_each = { ssh = 22 }
    content {
      from_port = ingress.value
      description = ingress.key
    }
  }
  lifecycle {
    create_before_destroy = true
  }
}`,
    });
    const sg = fact(result, 'aws_security_group.web');
    expect(sg.values).toEqual({ name: 'web', ingress: [{ from_port: 443, cidr_blocks: ['0.0.0.0/0'] }, { from_port: 22, description: 'ssh' }] });
    expect(sg.source).toMatchObject({ file: expect.stringMatching(/main\.tf$/), format: 'terraform-source', line: 1 });
    expect(sg.source.lines).toMatchObject({ name: 2, ingress: 3, 'ingress[0]': 3, 'ingress[0].from_port': 4, 'ingress[0].cidr_blocks': 5, 'ingress[1]': 9, 'ingress[1].from_port': 10 });
  });

  it('renders the policy JSON as the AWS provider does', async () => {
    const result = await readSource({
      'main.tf': `
resource "aws_s3_bucket" "b" { bucket = "data" }
data "aws_iam_policy_document" "deny_insecure" {
  statement {
    sid     = "DenyInsecure"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = ["arn:aws:s3:::data", "arn:aws:s3:::data/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::data/&{aws:username}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
data "aws_iam_policy_document" "later" {
  statement {
    actions   = ["s3:GetObject"]
    resources = [aws_s3_bucket.b.arn]
  }
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.deny_insecure.json
}`,
    });
    const policy = fact(result, 'aws_s3_bucket_policy.p');
    expect(JSON.parse(policy.values.policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecure',
          Effect: 'Deny',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
          Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::data/${aws:username}/*', Principal: { AWS: 'arn:aws:iam::111122223333:root' } },
      ],
    });
    expect(policy.refs).toEqual({ bucket: ['aws_s3_bucket.b'], policy: ['data.aws_iam_policy_document.deny_insecure'] });
    const later = fact(result, 'data.aws_iam_policy_document.later');
    expect(later.dataSource).toBe(true);
    expect(later.unknownReasons?.json).toBe('depends on aws_s3_bucket.b.arn');
  });
});

describe('Terraform source: operators and parentheses', () => {
  it.each([
    ['(1 + 2) * 3', 9],
    ['(true && false) || 2 > 1', true],
    ['-(2 + 3)', -5],
    ['!(1 == 2)', true],
    ['({ a = 1 }).a + 1', 2],
    ['({ a = null } != null)', true],
    ['10 % 4 - 6 / 3', 0],
  ])('%s', async (expression, expected) => {
    expect((await evaluateInput(expression)).value).toEqual(expected);
  });
});

describe('Terraform source: variable type constraints', () => {
  it('fills optional object attributes, drops undeclared ones and converts primitives', async () => {
    const result = await readSource({
      'main.tf': `
variable "rules" {
  type = map(object({
    port     = number
    protocol = optional(string, "tcp")
    cidrs    = optional(list(string))
  }))
  default = { web = { port = "443", extra = true } }
}
resource "terraform_data" "t" {
  input = var.rules
}`,
    });
    expect(fact(result, 'terraform_data.t').values.input).toEqual({ web: { port: 443, protocol: 'tcp', cidrs: null } });
  });
});

describe('Terraform source: file() reads inside the scanned folder only', () => {
  it('reads a policy file of a module, relative to path.module', async () => {
    const result = await readSource({
      'main.tf': 'module "m" {\n  source = "./modules/m"\n}\n',
      'modules/m/main.tf': 'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/policy.json")\n  name = fileexists("${path.module}/nope.json") ? "a" : "b"\n}\n',
      'modules/m/policy.json': '{"Version":"2012-10-17","Statement":[]}',
    });
    expect(fact(result, 'module.m.aws_iam_policy.p').values).toEqual({ policy: '{"Version":"2012-10-17","Statement":[]}', name: 'b' });
  });

  it('does not read a file outside the scanned folder, or one that does not exist', async () => {
    const result = await readSource({ 'outside.txt': 'secret', 'root/main.tf': 'resource "terraform_data" "t" {\n  input = file("../outside.txt")\n  output = file("missing.txt")\n}\n' }, {}, 'root');
    expect(fact(result, 'terraform_data.t').unknownReasons).toEqual({ input: 'file("../outside.txt") is outside the scanned folder, so onus does not read it', output: 'file("missing.txt") does not exist' });
  });
});

describe('Terraform source: conditional chains group to the right, as in HCL', () => {
  it.each([
    ['true ? 1 : true ? 2 : 3', 1],
    ['false ? 1 : true ? 2 : 3', 2],
    ['false ? 1 : false ? 2 : 3', 3],
    ['false ? 1 : false ? 2 : true ? 3 : 4', 3],
    ['(false ? true : false) ? 2 : 3', 3],
  ])('%s', async (expression, expected) => {
    expect((await evaluateInput(expression)).value).toBe(expected);
  });
});
