// Drives a node's JSON-RPC with viem, unmodified. Usage:
// node viem.mjs <rpc url> <private key> <TestToken artifact>
import { readFileSync } from "node:fs";
import { createPublicClient, createWalletClient, defineChain, http, parseEther, getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const [url, key, artifactPath] = process.argv.slice(2);
const artifact = JSON.parse(readFileSync(artifactPath, "utf8"));
const check = (cond, what) => {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`ok ${what}`);
};

const probe = createPublicClient({ transport: http(url) });
const id = await probe.getChainId();
const chain = defineChain({
  id, name: "l2node", nativeCurrency: { name: "L2", symbol: "L2", decimals: 18 },
  rpcUrls: { default: { http: [url] } },
});
const pub = createPublicClient({ chain, transport: http(url), pollingInterval: 100 });
const account = privateKeyToAccount(key);
const wallet = createWalletClient({ account, chain, transport: http(url) });

const fees = await pub.estimateFeesPerGas();
check(fees.maxFeePerGas > 0n, "estimateFeesPerGas");
const hist = await pub.getFeeHistory({ blockCount: 4, rewardPercentiles: [25, 75] });
check(hist.baseFeePerGas.length === hist.gasUsedRatio.length + 1, "feeHistory shape");

const to = getAddress("0x00000000000000000000000000000000000b1e11");
const hash = await wallet.sendTransaction({ to, value: parseEther("0.25") });
const rc = await pub.waitForTransactionReceipt({ hash, timeout: 60_000 });
check(rc.status === "success", "transfer mined");
check((await pub.getBalance({ address: to })) === parseEther("0.25"), "recipient balance");
const block = await pub.getBlock({ blockNumber: rc.blockNumber, includeTransactions: true });
check(block.hash === rc.blockHash && block.transactions.some((t) => t.hash === hash), "block with full transactions");

const deployHash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: ["Viem Token", "VTK", parseEther("10")] });
const drc = await pub.waitForTransactionReceipt({ hash: deployHash, timeout: 60_000 });
check(drc.status === "success" && drc.contractAddress, "token deployed");
const token = { address: drc.contractAddress, abi: artifact.abi };
const { request } = await pub.simulateContract({ ...token, functionName: "transfer", args: [to, 7n], account });
const thash = await wallet.writeContract(request);
const trc = await pub.waitForTransactionReceipt({ hash: thash, timeout: 60_000 });
check(trc.status === "success", "token transfer mined");
check((await pub.readContract({ ...token, functionName: "balanceOf", args: [to] })) === 7n, "readContract balanceOf");
const events = await pub.getContractEvents({ ...token, eventName: "Transfer", fromBlock: trc.blockNumber, toBlock: trc.blockNumber });
check(events.length === 1 && events[0].args.value === 7n, "getContractEvents");
const filter = await pub.createContractEventFilter({ ...token, eventName: "Transfer" });
const h2 = await wallet.writeContract({ ...token, functionName: "transfer", args: [to, 1n] });
await pub.waitForTransactionReceipt({ hash: h2, timeout: 60_000 });
const changes = await pub.getFilterChanges({ filter });
check(changes.length === 1, "eth_newFilter + eth_getFilterChanges");
console.log("done");
