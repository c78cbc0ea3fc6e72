package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/l2node/l2node/internal/version"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and commit",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintf(cmd.OutOrStdout(), "l2node %s\ncommit %s\n%s %s/%s\n",
				version.Version(), version.Commit(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		},
	}
}
