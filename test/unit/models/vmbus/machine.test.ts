import { describe, expect, it } from 'vitest';
import { ioMachine, type IoEvent } from '../../../../models/vmbus/machine.js';
import { advance, initialState } from '../../../../src/system/machine-runtime.js';

describe('synthetic I/O path', () => {
  it('goes through every stage in order and unpins only when the guest has read the completion', () => {
    const path: [IoEvent['type'], string, string[]][] = [
      ['VSP_TAKE', 'issued', ['issueNativeIo']],
      ['DEVICE_COMPLETE', 'deviceDone', []],
      ['ROOT_ISR', 'isrDone', ['countRootIsr']],
      ['COMPLETION_WRITTEN', 'completing', []],
      ['COMPLETION_READ', 'done', ['unpinBuffers']],
    ];
    let s = initialState(ioMachine);
    expect(s.value).toBe('queued');
    for (const [type, to, actions] of path) {
      const a = advance(ioMachine, s, { type } as IoEvent);
      expect(a.accepted, type).toBe(true);
      expect(a.state.value).toBe(to);
      expect(a.actions.map((x) => x.type)).toEqual(actions);
      s = a.state;
    }
  });

  it('takes no stage out of order: the ISR needs a device completion, phase two needs the ISR', () => {
    const queued = initialState(ioMachine);
    expect(advance(ioMachine, queued, { type: 'ROOT_ISR' }).accepted).toBe(false);
    const issued = advance(ioMachine, queued, { type: 'VSP_TAKE' }).state;
    expect(advance(ioMachine, issued, { type: 'COMPLETION_WRITTEN' }).accepted).toBe(false);
    expect(advance(ioMachine, issued, { type: 'COMPLETION_READ' }).accepted).toBe(false);
  });
});
