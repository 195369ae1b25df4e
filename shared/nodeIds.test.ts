import { describe, expect, it } from 'vitest';
import { nodeLabel, nodeQualifier } from './nodeIds.js';

describe('node qualifiers', () => {
  it('tell apart two IAM users of one name by their accounts', () => {
    const a = 'aws:user:arn:aws:iam::111122223333:user/alice';
    const b = 'aws:user:arn:aws:iam::444455556666:user/alice';

    expect([nodeLabel(a), nodeLabel(b)]).toEqual(['alice', 'alice']);
    expect(nodeQualifier(a)).toBe('111122223333');
    expect(nodeQualifier(b)).toBe('444455556666');
  });

  it('add the IAM path of a user or role where it is not the root path', () => {
    expect(nodeQualifier('aws:role:arn:aws:iam::111122223333:role/ci/deploy/terraform')).toBe(
      '111122223333 · /ci/deploy/',
    );
    expect(nodeQualifier('aws:role:arn:aws:iam::111122223333:role/terraform')).toBe('111122223333');
  });

  it('name the account of a role session, whose label already holds role and session', () => {
    const id = 'aws:session:arn:aws:sts::444455556666:assumed-role/terraform/ci-run-7';

    expect(nodeLabel(id)).toBe('terraform/ci-run-7');
    expect(nodeQualifier(id)).toBe('444455556666');
  });

  it('name the region, a partition other than aws, and the service of other ARNs', () => {
    const secret = 'aws:secret:arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf';
    const china = 'aws:user:arn:aws-cn:iam::111122223333:user/alice';

    expect(nodeQualifier(secret)).toBe('111122223333 · eu-west-1 · secretsmanager');
    expect(nodeQualifier(china)).toBe('111122223333 · aws-cn');
    expect(nodeQualifier('aws:resource:arn:aws:s3:::evidence-bucket')).toBe('s3');
  });

  it('are absent where the label is the whole value of the id', () => {
    expect(nodeQualifier('aws:key:AKIAIOSFODNN7EXAMPLE')).toBeNull();
    expect(nodeQualifier('k8s:sa:payments/api')).toBeNull();
    expect(nodeQualifier('entra:sp:3f1c2a9e-0000-4000-8000-000000000001')).toBeNull();
    expect(nodeQualifier('ip:203.0.113.9')).toBeNull();
  });
});
