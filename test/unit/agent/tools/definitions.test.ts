import { describe, expect, it } from 'vitest';
import { isToolName, TOOL_ARGS, toolInfos } from '../../../../src-main/agent/tools/definitions.js';
import { grammarSchema } from '../../../../src-main/llm/engine/json-schema.js';
import { ACT_TOOLS, READ_TOOLS, ToolInfo } from '../../../../src-shared/domain/agent.js';

const byName = () => new Map(toolInfos().map((t) => [t.name, t]));

describe('the agent tools as the model is given them', () => {
  it('lists every fixed tool once, with its kind, and each fits the ToolInfo contract', () => {
    const infos = toolInfos();
    expect(infos.map((t) => t.name).sort()).toEqual([...READ_TOOLS, ...ACT_TOOLS].sort());
    for (const t of infos) {
      expect(ToolInfo.safeParse(t).success).toBe(true);
      expect(t.kind).toBe((ACT_TOOLS as readonly string[]).includes(t.name) ? 'act' : 'read');
      expect(t.description.length).toBeGreaterThan(20);
    }
  });

  it('every JSON schema is one the engine grammar enforces whole (json-schema.ts accepts it)', () => {
    for (const t of toolInfos()) {
      expect(() => grammarSchema(t.parameters), t.name).not.toThrow();
      expect(t.parameters).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it("knows only the tools' own names: a model calling Object's inherited members names no tool", () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])
      expect(isToolName(name), name).toBe(false);
    expect(isToolName('wallet_send')).toBe(true);
  });

  it("the act tools' arguments are exactly the ones the issue fixes", () => {
    const t = byName();
    const shape = (name: string) => {
      const p = t.get(name as never)?.parameters as { properties: object; required?: string[] };
      return { keys: Object.keys(p.properties).sort(), required: [...(p.required ?? [])].sort() };
    };
    expect(shape('wallet_send')).toEqual({ keys: ['amount', 'to', 'token'], required: ['amount', 'to'] });
    expect(shape('market_buy')).toEqual({ keys: ['maxPrice', 'offerId'], required: ['maxPrice', 'offerId'] });
    expect(shape('market_publish')).toEqual({
      keys: ['itemId', 'kind', 'price', 'title'],
      required: ['itemId', 'kind', 'price', 'title'],
    });
    expect(shape('memory_remember')).toEqual({ keys: ['text'], required: ['text'] });
  });

  it('zod holds arguments to what the grammar cannot: strict keys, addresses, amounts, ids', () => {
    const to = '0x00000000000000000000000000000000000000aa';
    expect(TOOL_ARGS.wallet_send.safeParse({ to, amount: '1.5' }).success).toBe(true);
    expect(TOOL_ARGS.wallet_send.safeParse({ to, amount: '1.5', extra: 1 }).success).toBe(false);
    expect(TOOL_ARGS.wallet_send.safeParse({ to: '0xabc', amount: '1' }).success).toBe(false);
    expect(TOOL_ARGS.wallet_send.safeParse({ to, amount: '-1' }).success).toBe(false);
    expect(TOOL_ARGS.wallet_send.safeParse({ to, amount: 'everything' }).success).toBe(false);
    expect(TOOL_ARGS.market_buy.safeParse({ offerId: '0', maxPrice: '5' }).success).toBe(false);
    expect(TOOL_ARGS.market_buy.safeParse({ offerId: '3', maxPrice: '5' }).success).toBe(true);
    expect(TOOL_ARGS.market_buy.safeParse({ offerId: '3' }).success).toBe(false);
    expect(
      TOOL_ARGS.market_publish.safeParse({ itemId: 'a', price: '1', title: 't', kind: 'spell' }).success,
    ).toBe(false);
  });
});
