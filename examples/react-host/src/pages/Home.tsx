import { Link } from "react-router";
import { useAppSelector } from "../hooks.ts";

const PRODUCTS = [
  { name: "Ridge Runner trail shoes", price: "$139" },
  { name: "Summit rain shell", price: "$229" },
  { name: "Basecamp 2 tent", price: "$349" },
];

export function Home() {
  const user = useAppSelector((s) => s.auth.user);
  return (
    <div className="page">
      <h1>{user ? `Welcome back, ${user.name.split(" ")[0]}` : "Gear for the long way round"}</h1>
      <p>
        Boots, shells and shelters, tested on the trail. Questions about an order?{" "}
        <Link to="/support">We are here to help.</Link>
      </p>
      <ul className="products">
        {PRODUCTS.map((p) => (
          <li key={p.name}>
            <strong>{p.name}</strong>
            <span>{p.price}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
