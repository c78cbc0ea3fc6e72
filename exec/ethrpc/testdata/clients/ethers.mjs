// Drives a node's JSON-RPC with ethers v6, unmodified: a transfer, a token
// deployment, a token transfer with its event, reads of blocks, fees and
// estimates. Usage: node ethers.mjs <rpc url> <private key> <TestToken artifact>
import { readFileSync } from "node:fs";
import { ContractFactory, JsonRpcProvider, Wallet, getAddress, parseEther } from "ethers";

const [url, key, artifactPath] = process.argv.slice(2);
const artifact = JSON.parse(readFileSync(artifactPath, "utf8"));
const check = (cond, what) => {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`ok ${what}`);
};

// ethers shares identical requests made within 250 ms (its cacheTimeout). The
// test chain makes a batch every 100 ms, so a nonce asked for just before a
// transaction was included would be reused: turn the sharing off, as ethers
// documents for fast chains.
const provider = new JsonRpcProvider(url, undefined, { pollingInterval: 100, cacheTimeout: -1 });
const wallet = new Wallet(key, provider);

const net = await provider.getNetwork();
check(net.chainId > 0n, `chain ID ${net.chainId}`);
const fees = await provider.getFeeData();
check(fees.maxFeePerGas > 0n && fees.maxPriorityFeePerGas >= 0n, "fee data");

const to = getAddress("0x00000000000000000000000000000000000e7e45");
const before = await provider.getBalance(to);
const tx = await wallet.sendTransaction({ to, value: parseEther("1.5") });
const rc = await tx.wait(1, 60_000);
check(rc.status === 1, "transfer mined");
check((await provider.getBalance(to)) - before === parseEther("1.5"), "recipient balance");
const block = await provider.getBlock(rc.blockNumber);
check(block.hash === rc.blockHash && block.transactions.includes(tx.hash), "block holds the transfer");
const got = await provider.getTransaction(tx.hash);
check(got.from === wallet.address && got.blockNumber === rc.blockNumber, "transaction by hash");

const factory = new ContractFactory(artifact.abi, artifact.bytecode, wallet);
const token = await factory.deploy("Ethers Token", "ETK", parseEther("1000"));
await token.waitForDeployment();
const tokenAddr = await token.getAddress();
check((await provider.getCode(tokenAddr)).length > 2, "token deployed");
check((await token.symbol()) === "ETK", "eth_call symbol()");

const est = await token.transfer.estimateGas(to, parseEther("2"));
check(est > 21000n, `estimateGas ${est}`);
const ttx = await token.transfer(to, parseEther("2"));
const trc = await ttx.wait(1, 60_000);
check(trc.status === 1 && trc.gasUsed <= est, "token transfer mined within the estimate");
const ev = trc.logs.map((l) => token.interface.parseLog(l)).find((e) => e && e.name === "Transfer");
check(ev && ev.args.to === to && ev.args.value === parseEther("2"), "Transfer event in the receipt");
check((await token.balanceOf(to)) === parseEther("2"), "balanceOf after transfer");
const logs = await token.queryFilter(token.filters.Transfer(null, to), trc.blockNumber, trc.blockNumber);
check(logs.length === 1, "eth_getLogs by topic");

// A revert comes back as a CALL_EXCEPTION with the custom error data.
let reverted = false;
try {
  await token.transferFrom.staticCall(to, wallet.address, parseEther("5"));
} catch (e) {
  reverted = e.code === "CALL_EXCEPTION" && typeof e.data === "string" && e.data.length >= 10;
}
check(reverted, "revert decoded as CALL_EXCEPTION with data");

// A stale nonce is the error ethers knows.
let nonceErr = "";
try {
  await wallet.sendTransaction({ to, value: 1n, nonce: 0 });
} catch (e) {
  nonceErr = e.code;
}
check(nonceErr === "NONCE_EXPIRED", `stale nonce gives ${nonceErr}`);
console.log("done");
