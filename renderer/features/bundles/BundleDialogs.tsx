import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Bundle } from '../../../shared/api/bundle';
import { iccid as iccidParam } from '../../../shared/api/bundle-params';
import { useWrite } from '../../api/use-write';
import { useApi } from '../../app/api-context';
import { Dialog } from '../../ui/Dialog';
import { DialogFooter } from '../../ui/DialogFooter';
import { ErrorText } from '../../ui/ErrorText';
import { equipmentLine, useEquipment } from './ImportBundlesDialog';

/** A bundle or SIM card write: both lists re-read, then the dialog closes. */
const bundleQueries = [['tracker/bundle/list'], ['sim_card/list']] as const;

/** What tracker/bundle/assign takes as `iccid`. */
const iccidSchema = iccidParam();

/** Put a SIM card (by ICCID) into the bundle, or take it out. */
export function AssignSimDialog({ bundle, onClose }: { bundle: Bundle; onClose(): void }) {
  const { busy, error, write } = useWrite('tracker/bundle/assign', { invalidate: bundleQueries, onSuccess: onClose });
  const [iccid, setIccid] = useState('');
  const id = useId();
  const valid = iccidSchema.safeParse(iccid.trim()).success;
  return (
    <Dialog
      title={`SIM card of bundle ${bundle.imei}`}
      onClose={onClose}
      busy={busy}
      footer={
        <DialogFooter action="Assign SIM" form={`${id}-form`} onClose={onClose} busy={busy} disabled={!valid} error={error}>
          {bundle.iccid && (
            <button type="button" className="danger" onClick={() => write({ bundle_id: bundle.id })} disabled={busy}>
              Detach SIM
            </button>
          )}
        </DialogFooter>
      }
    >
      <p>Current SIM card: {bundle.iccid ?? 'none'}</p>
      <form
        id={`${id}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) write({ bundle_id: bundle.id, iccid: iccid.trim() });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-iccid`}>ICCID</label>
          <input id={`${id}-iccid`} className="mono" maxLength={20} value={iccid} onChange={(e) => setIccid(e.target.value)} data-autofocus />
        </div>
      </form>
    </Dialog>
  );
}

/** Ship the bundle against an order, or take it off its order. */
export function AssignOrderDialog({ bundle, onClose }: { bundle: Bundle; onClose(): void }) {
  const api = useApi();
  const { busy, error, write } = useWrite('tracker/bundle/order/assign', { invalidate: bundleQueries, onSuccess: onClose });
  const [orderId, setOrderId] = useState('');
  const id = useId();
  const orders = useQuery({ queryKey: ['order/list'], retry: false, queryFn: () => api.call('order/list', { limit: 200, order_by: 'id', ascending: false }) });
  const value = Number(orderId);
  const valid = Number.isInteger(value) && value > 0;
  return (
    <Dialog
      title={`Order of bundle ${bundle.imei}`}
      onClose={onClose}
      busy={busy}
      footer={
        <DialogFooter
          action="Assign to order"
          onAction={() => write({ bundle_id: bundle.id, order_id: value })}
          onClose={onClose}
          busy={busy}
          disabled={!valid}
          error={error}
        >
          {bundle.order_id !== null && (
            <button type="button" className="danger" onClick={() => write({ bundle_id: bundle.id, order_id: null })} disabled={busy}>
              Detach from order
            </button>
          )}
        </DialogFooter>
      }
    >
      <p>Current order: {bundle.order_id ?? 'none'}</p>
      <div className="field">
        <label htmlFor={`${id}-order`}>Order</label>
        {orders.data ? (
          <select id={`${id}-order`} value={orderId} onChange={(e) => setOrderId(e.target.value)} data-autofocus>
            <option value="">Choose an order…</option>
            {orders.data.list.map((o) => (
              <option key={o.id} value={o.id}>
                #{o.id} {o.recipient || o.payer || ''} ({o.status}, {o.creation_time})
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${id}-order`}
            inputMode="numeric"
            value={orderId}
            onChange={(e) => setOrderId(e.target.value)}
            placeholder="Order number"
            data-autofocus
          />
        )}
      </div>
    </Dialog>
  );
}

/** Change the bundle's equipment (its model code follows). */
export function ChangeEquipmentDialog({ bundle, onClose }: { bundle: Bundle; onClose(): void }) {
  const { busy, error, write } = useWrite('tracker/bundle/update', { invalidate: bundleQueries, onSuccess: onClose });
  const equipment = useEquipment();
  const [equipId, setEquipId] = useState<number>(bundle.equip_id);
  const id = useId();
  return (
    <Dialog
      title={`Equipment of bundle ${bundle.imei}`}
      onClose={onClose}
      busy={busy}
      footer={
        <DialogFooter
          action="Change equipment"
          onAction={() => write({ bundle_id: bundle.id, equip_id: equipId })}
          onClose={onClose}
          busy={busy}
          disabled={equipId === bundle.equip_id}
          error={error}
        />
      }
    >
      <div className="field">
        <label htmlFor={`${id}-equipment`}>Equipment</label>
        <select id={`${id}-equipment`} value={equipId} onChange={(e) => setEquipId(Number(e.target.value))} data-autofocus>
          {equipment.data?.list.map((e) => (
            <option key={e.equip_id} value={e.equip_id}>
              {equipmentLine(e)}
            </option>
          ))}
        </select>
      </div>
      <ErrorText error={equipment.error} />
    </Dialog>
  );
}

/** Add SIM cards: one per line, `ICCID[,phone[,APN]]`. */
export function ImportSimCardsDialog({ onClose }: { onClose(): void }) {
  const { busy, error, write } = useWrite('sim_card/import', { invalidate: bundleQueries, onSuccess: onClose });
  const [text, setText] = useState('');
  const id = useId();
  const cards = text
    .split(/\r?\n/)
    .map((line) => line.split(/[,;\t]/).map((s) => s.trim()))
    .filter((parts) => parts[0])
    .map(([iccid, phone, apn]) => ({ iccid: iccid!, phone: phone || null, apn: apn || null }));
  return (
    <Dialog
      title="Add SIM cards"
      onClose={onClose}
      busy={busy}
      footer={
        <DialogFooter
          action={`Add ${cards.length || ''} SIM cards`}
          onAction={() => write({ sim_cards: cards })}
          onClose={onClose}
          busy={busy}
          disabled={cards.length === 0}
          error={error}
          errorPrefix="No SIM card was added"
        />
      }
    >
      <div className="field">
        <label htmlFor={`${id}-cards`}>SIM cards, one per line: ICCID, phone, APN (phone and APN optional)</label>
        <textarea id={`${id}-cards`} rows={8} className="mono" value={text} onChange={(e) => setText(e.target.value)} data-autofocus />
      </div>
    </Dialog>
  );
}
