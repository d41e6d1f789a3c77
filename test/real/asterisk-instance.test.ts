// The launcher and the shipped config themselves: every module of asterisk-config/modules.conf
// loads, ARI answers, the operators' and duty phones register with their passwords, the carrier
// trunk is a live endpoint, and two instances run side by side.
import { describe, expect, it } from 'vitest';
import { startAsterisk } from './asterisk-instance.ts';
import { realTierSkip, useRealAsterisk } from './real-suite.ts';
import { startPhone } from './sip-phone.ts';

describe.skipIf(realTierSkip())('real Asterisk from asterisk-config/', () => {
  const suite = useRealAsterisk();

  it('loads every module of modules.conf and serves ARI', async () => {
    expect(suite.ast.moduleErrors()).toEqual([]);
    const modules = await suite.ast.cli('module show like res_ari');
    expect(modules).toMatch(/res_ari\.so/);
    const res = await fetch(`${suite.ast.ariUrl}/ari/asterisk/info`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${suite.ast.ariUsername}:${suite.ast.ariPassword}`).toString('base64')}`,
      },
    });
    expect(res.status).toBe(200);
  });

  it('has the carrier trunk as an endpoint with the contact and match written from the environment', async () => {
    const out = await suite.ast.cli('pjsip show endpoint trunk');
    expect(out).toContain(`sip:${suite.ast.carrier.host}:${suite.ast.carrier.port}`);
    expect(out).toMatch(/Identify:\s+trunk-identify\/trunk/);
    expect(out).toContain(suite.ast.carrier.host);
  });

  it('lets op1..op3 and duty register with their passwords, and refuses a wrong one', async () => {
    const server = `127.0.0.1:${suite.ast.sipPort}`;
    const names = ['op1', 'op2', 'op3', 'duty'] as const;
    const phones = [];
    try {
      for (const [i, name] of names.entries()) {
        phones.push(
          await startPhone({
            name,
            user: name,
            server,
            password: suite.ast.sipPasswords[name],
            toneHz: 700 + i * 100,
          }),
        );
      }
      const contacts = await suite.ast.cli('pjsip show contacts');
      for (const name of names)
        expect(contacts).toMatch(new RegExp(`${name}/sip:${name}\\S*@127\\.0\\.0\\.1`));
      await expect(
        startPhone({ name: 'intruder', user: 'op1', server, password: 'wrong-password', toneHz: 600 }),
      ).rejects.toThrow(/registration refused/);
    } finally {
      for (const p of phones) await p.stop();
    }
  });

  it('runs a second instance beside the first, on other ports', async () => {
    const other = await startAsterisk();
    try {
      expect(other.sipPort).not.toBe(suite.ast.sipPort);
      expect(other.ariUrl).not.toBe(suite.ast.ariUrl);
      expect(other.moduleErrors()).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
