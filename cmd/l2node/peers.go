package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/l2node/l2node/node"
)

func newPeersCmd() *cobra.Command {
	var url string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "peers",
		Short: "Show a running node's peers: roles, gossip scores, penalties, bans",
		Long: `peers asks a running node (its /peers endpoint, on the metrics address of its
config, or --url) for its connected, scored and banned peers, lowest gossip
score first, with the score thresholds:

  below gossip_threshold    the peer gets no gossip from the node
  below publish_threshold   the peer gets none of the node's own messages
  below graylist_threshold  everything the peer sends is ignored; it is banned
                            after gossip.ban_after`,
		Example: `  l2node peers --datadir ~/.l2node
  l2node peers --url http://127.0.0.1:9700 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" {
				dir, _ := cmd.Flags().GetString("datadir")
				cfg, err := node.LoadDatadir(dir)
				if err != nil {
					return err
				}
				if !cfg.Metrics.Enabled {
					return fmt.Errorf("the node at %s serves no HTTP endpoint (metrics.enabled = false); pass --url", dir)
				}
				url = "http://" + cfg.Metrics.ListenAddr
			}
			c := http.Client{Timeout: 10 * time.Second}
			resp, err := c.Get(strings.TrimSuffix(url, "/") + "/peers")
			if err != nil {
				return fmt.Errorf("is the node running? %w", err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
			if err != nil {
				return err
			}
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("%s/peers: %s", url, resp.Status)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				_, err := out.Write(body)
				return err
			}
			var rep node.PeersReport
			if err := json.Unmarshal(body, &rep); err != nil {
				return fmt.Errorf("%s/peers: %w", url, err)
			}
			fmt.Fprintf(out, "%d peers; thresholds: gossip %g, publish %g, graylist %g\n\n",
				len(rep.Peers), rep.Thresholds.Gossip, rep.Thresholds.Publish, rep.Thresholds.Graylist)
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "PEER\tROLES\tCONN\tSCORE\tPENALTY\tPROTECTED\tBANNED UNTIL\tADDR")
			for _, p := range rep.Peers {
				roles := make([]string, len(p.Roles))
				for i, r := range p.Roles {
					roles[i] = string(r)
				}
				score := "-"
				if p.Score != nil {
					score = fmt.Sprintf("%.1f", *p.Score)
				}
				conn := "-"
				if p.Connected {
					conn = p.Direction
				}
				banned := "-"
				if p.BannedUntil != nil {
					banned = p.BannedUntil.Local().Format(time.DateTime) + " (" + p.BanReason + ")"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\n", p.ID, orDash(strings.Join(roles, ",")), conn, score,
					p.PenaltyPoints, orDash(p.Protected), banned, orDash(p.Addr))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&url, "url", "", "base URL of the node's HTTP endpoint (default: from the datadir's config)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the raw JSON")
	return cmd
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
