// #region sample
import { Segmind } from '@segmind-ts/client';
// #endregion

/** Reads the credit balance of the account behind the key. */
export async function readCredits() {
  // #region sample
  const segmind = new Segmind(); // reads SEGMIND_API_KEY

  const balance = await segmind.credits(); // GET /v1/get-user-credits: costs nothing
  console.log(balance.credits, balance['free-credits']);
  // #endregion
  return balance;
}
