from pcplan.cli import main

main()
