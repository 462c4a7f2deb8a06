import { useEffect } from "react";
import { useAppDispatch, useAppSelector } from "../hooks.ts";
import { loadOrders } from "../store.ts";

export function Orders() {
  const dispatch = useAppDispatch();
  const { items, status } = useAppSelector((s) => s.orders);
  useEffect(() => {
    void dispatch(loadOrders());
  }, [dispatch]);

  return (
    <div className="page">
      <h1>Your orders</h1>
      {status === "failed" ? <p role="alert">We could not load your orders.</p> : null}
      <table className="orders">
        <thead>
          <tr>
            <th>Order</th>
            <th>Item</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.id}>
              <td>#{o.id}</td>
              <td>{o.item}</td>
              <td>{o.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
