from marknet.cli import main

main()
